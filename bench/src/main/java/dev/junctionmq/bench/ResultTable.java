package dev.junctionmq.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: a header row and data rows, columns padded to their widest cell. */
public final class ResultTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public ResultTable(String... header) {
        this.header = List.of(header);
    }

    public ResultTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, the table " + header.size());
        }
        rows.add(List.of(cells));
        return this;
    }

    public int rowCount() {
        return rows.size();
    }

    /** Text columns (the first ones) are left-aligned, numbers right-aligned. */
    public void print(PrintStream out) {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        out.println(format(header, widths));
        for (List<String> row : rows) {
            out.println(format(row, widths));
        }
    }

    private static String format(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append("  ");
            }
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            line.append(isNumeric(cell) ? pad + cell : cell + pad);
        }
        return line.toString().stripTrailing();
    }

    private static boolean isNumeric(String cell) {
        return !cell.isEmpty() && (Character.isDigit(cell.charAt(0)) || cell.equals("n/a"));
    }
}
