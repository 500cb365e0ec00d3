package io.evalstream.cli;

import io.evalstream.cli.pipeline.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The evalstream command. */
@Command(name = "evalstream", mixinStandardHelpOptions = true, versionProvider = EvalStream.VersionProvider.class,
        description = "What does fine-tuning an LLM for a task cost it in general ability? "
                + "Streams Spider and MMLU through generator, scorer and aggregator stages on Kafka.",
        subcommands = {RunCommand.class, ProduceCommand.class, GenerateCommand.class, ScoreCommand.class,
                AggregateCommand.class, ResultsCommand.class, ReportCommand.class, ServeCommand.class, ScoreFileCommand.class, CompleteCommand.class, BenchCommand.class,
                ExportSftCommand.class,
                CommandLine.HelpCommand.class})
public final class EvalStream {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree, with errors printed as one clear line instead of a stack trace. */
    public static CommandLine commandLine() {
        quietLogging();
        CommandLine cli = new CommandLine(new EvalStream());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("evalstream: " + message(e));
            if (System.getenv("EVALSTREAM_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 2;
        });
        return cli;
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.toString() : m;
    }

    /** Kafka and DJL log a lot at INFO; a user wants the progress bars and the table. */
    static void quietLogging() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        System.setProperty("org.slf4j.simpleLogger.log.kafka", "error");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.streams", "error");
        // after an unclean stop, exactly-once tasks are "corrupted" by design and rebuilt from their
        // changelogs; Kafka logs that at ERROR, which reads like a failure. The aggregator says what it restores.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.streams.processor.internals.TaskManager", "off");
        // on a machine without a GPU, DJL warns at every engine start that it found no CUDA driver
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return Versions.all().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toArray(String[]::new);
        }
    }
}
