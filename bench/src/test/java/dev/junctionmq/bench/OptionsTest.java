package dev.junctionmq.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

    private static final Set<String> VALUED = Set.of("seconds", "sizes");
    private static final Set<String> FLAGS = Set.of("quick");

    @Test
    void parsesValuesFlagsAndLists() {
        Options options = Options.parse(List.of("--seconds", "2.5", "--quick", "--sizes=100,1024"), VALUED, FLAGS);
        assertThat(options.number("seconds", 3)).isEqualTo(2.5);
        assertThat(options.flag("quick")).isTrue();
        assertThat(options.list("sizes", List.of(), Integer::parseInt)).containsExactly(100, 1024);
        assertThat(Options.parse(List.of(), VALUED, FLAGS).integer("seconds", 3)).isEqualTo(3);
    }

    @Test
    void rejectsWhatItDoesNotKnow() {
        assertThatThrownBy(() -> Options.parse(List.of("--nope"), VALUED, FLAGS))
                .isInstanceOf(UsageException.class).hasMessageContaining("--nope");
        assertThatThrownBy(() -> Options.parse(List.of("--seconds"), VALUED, FLAGS))
                .isInstanceOf(UsageException.class).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Options.parse(List.of("stray"), VALUED, FLAGS))
                .isInstanceOf(UsageException.class);
    }
}
