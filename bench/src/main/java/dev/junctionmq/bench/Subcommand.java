package dev.junctionmq.bench;

import java.io.PrintStream;
import java.util.List;

/** One {@code junction-bench} subcommand, such as {@code store}. */
public interface Subcommand {

    /** The word that selects it on the command line. */
    String name();

    /** One line for the usage text. */
    String summary();

    /** Option help, one option per line, printed under {@link #summary()}. */
    List<String> optionHelp();

    /**
     * Runs the subcommand.
     *
     * @param args the arguments after the subcommand's name
     * @param out  where the results go (stdout); progress goes to the log
     * @return the process exit code
     */
    int run(List<String> args, PrintStream out) throws Exception;
}
