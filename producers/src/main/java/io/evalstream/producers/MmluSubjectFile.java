package io.evalstream.producers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The questions of one MMLU subject and split: {@code <data>/mmlu/<split>/<subject>_<split>.csv},
 * no header, columns question, A, B, C, D, answer. Fields are kept exactly as written: unlike
 * the original pandas loader, a choice such as "None" or "NA" stays text and does not become NaN.
 */
public final class MmluSubjectFile {
    public static final String MMLU_DIR = "mmlu";
    public static final List<String> LETTERS = List.of("A", "B", "C", "D");
    private static final Set<String> ANSWERS = Set.copyOf(LETTERS);
    private static final int COLUMNS = 6;

    private MmluSubjectFile() {
    }

    public static Path path(Path dataDir, String subject, String split) {
        return dataDir.resolve(MMLU_DIR).resolve(split).resolve(subject + "_" + split + ".csv");
    }

    /** Reads and checks every row: 6 columns, answer one of A-D. */
    public static List<MmluQuestion> read(Path dataDir, String subject, String split) {
        Path file = MissingDataException.require(path(dataDir, subject, split), DataSource.MMLU);
        List<MmluQuestion> questions = new ArrayList<>();
        for (CsvReader.CsvRecord record : CsvReader.read(file)) {
            List<String> fields = record.fields();
            if (fields.size() != COLUMNS) {
                throw new DataFormatException(file, record.line(), "row " + questions.size() + ": expected " + COLUMNS
                        + " columns (question, A, B, C, D, answer) but found " + fields.size());
            }
            String answer = fields.get(5);
            if (!ANSWERS.contains(answer)) {
                throw new DataFormatException(file, record.line(), "row " + questions.size()
                        + ": expected the answer column to be one of A, B, C, D but found '" + answer + "'");
            }
            questions.add(new MmluQuestion(subject, split, questions.size(), record.line(), fields.get(0),
                    fields.subList(1, 5), answer));
        }
        return questions;
    }
}
