package io.evalstream.generator.engine.tokenizer;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Hugging Face chat template (Jinja, from tokenizer_config.json) rendered with Jinjava set up
 * like transformers' Jinja environment: trim_blocks, lstrip_blocks, Python-like operators, and
 * the {@code raise_exception} and {@code strftime_now} globals. Any template error fails the render.
 */
public final class ChatTemplate {

    /** One chat message. */
    public record Message(String role, String content) {
    }

    private final String source;
    private final String bosToken;
    private final String eosToken;
    private final Jinjava jinjava;

    public ChatTemplate(String source, String bosToken, String eosToken) {
        this.source = pythonToJinjava(source);
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withFailOnUnknownTokens(false)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUsePyishObjectMapper(true)
                        .withKeepNullableLoopValues(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withAllowAdjacentTextNodes(true)
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withEvaluateMapKeys(true)
                        .withHandleBackslashInQuotesOnly(true)
                        .build())
                .build();
        this.jinjava = new Jinjava(config);
        for (String op : new String[] {"strip", "lstrip", "rstrip", "split"}) {
            jinjava.getGlobalContext().registerFilter(new PythonStringMethod(op));
        }
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception", ChatTemplate.class,
                "raiseException", String.class));
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "strftime_now", ChatTemplate.class,
                "strftimeNow", String.class));
    }

    /**
     * Rewrites the Python-only idioms that HF templates use and Jinjava lacks: reversed slices
     * ({@code xs[::-1]}) and the str methods startswith/endswith.
     */
    static String pythonToJinjava(String source) {
        return parenthesiseNamespaceArguments(source).replaceAll("([A-Za-z_][A-Za-z0-9_.]*)\\[::-1\\]", "($1|reverse)")
                .replaceAll("\\.(strip|lstrip|rstrip|split)\\(", "|py_$1(")
                .replace(".startswith(", ".startsWith(")
                .replace(".endswith(", ".endsWith(");
    }

    /**
     * {@code namespace(a=x|length - 1)} parses in Jinjava as {@code (a=x|length) - 1}; wrapping
     * each keyword argument's value in parentheses gives Jinja's reading.
     */
    static String parenthesiseNamespaceArguments(String source) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        int at;
        while ((at = source.indexOf("namespace(", from)) >= 0) {
            int open = at + "namespace(".length();
            int depth = 1;
            int i = open;
            while (i < source.length() && depth > 0) {
                char ch = source.charAt(i);
                depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
                i++;
            }
            if (depth != 0) {
                break;
            }
            String args = source.substring(open, i - 1);
            List<String> parts = new ArrayList<>();
            int d = 0;
            int start = 0;
            for (int k = 0; k < args.length(); k++) {
                char ch = args.charAt(k);
                d += ch == '(' || ch == '[' ? 1 : ch == ')' || ch == ']' ? -1 : 0;
                if (ch == ',' && d == 0) {
                    parts.add(args.substring(start, k));
                    start = k + 1;
                }
            }
            parts.add(args.substring(start));
            List<String> rewritten = new ArrayList<>();
            for (String part : parts) {
                int eq = part.indexOf('=');
                rewritten.add(eq > 0 && part.charAt(eq + 1) != '=' ? part.substring(0, eq + 1) + "(" + part.substring(eq + 1).strip() + ")" : part);
            }
            out.append(source, from, open).append(String.join(", ", rewritten)).append(')');
            from = i;
        }
        return out.append(source.substring(from)).toString();
    }

    /** Python's str.strip/lstrip/rstrip(chars) and str.split(sep) as Jinjava filters (py_strip, ...). */
    static final class PythonStringMethod implements Filter {
        private final String op;

        PythonStringMethod(String op) {
            this.op = op;
        }

        @Override
        public String getName() {
            return "py_" + op;
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            String s = var == null ? "" : var.toString();
            String arg = args.length > 0 ? args[0] : null;
            switch (op) {
                case "split": {
                    List<String> parts = new ArrayList<>();
                    if (arg == null) {
                        for (String p : s.strip().split("\\s+")) {
                            if (!p.isEmpty()) {
                                parts.add(p);
                            }
                        }
                        return parts;
                    }
                    int from = 0;
                    int at;
                    while ((at = s.indexOf(arg, from)) >= 0) {
                        parts.add(s.substring(from, at));
                        from = at + arg.length();
                    }
                    parts.add(s.substring(from));
                    return parts;
                }
                default: {
                    int start = 0;
                    int end = s.length();
                    if (!op.equals("rstrip")) {
                        while (start < end && strippable(s.charAt(start), arg)) {
                            start++;
                        }
                    }
                    if (!op.equals("lstrip")) {
                        while (end > start && strippable(s.charAt(end - 1), arg)) {
                            end--;
                        }
                    }
                    return s.substring(start, end);
                }
            }
        }

        private static boolean strippable(char c, String chars) {
            return chars == null ? Character.isWhitespace(c) : chars.indexOf(c) >= 0;
        }
    }

    public static String raiseException(String message) {
        throw new IllegalArgumentException("chat template: " + message);
    }

    /** Only the formats chat templates use in practice (e.g. "%d %b %Y"). */
    public static String strftimeNow(String format) {
        String pattern = format.replace("%d", "dd").replace("%b", "MMM").replace("%B", "MMMM").replace("%Y", "yyyy")
                .replace("%m", "MM");
        return LocalDate.now().format(DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH));
    }

    public String source() {
        return source;
    }

    public String render(List<Message> messages, boolean addGenerationPrompt) {
        List<Map<String, Object>> msgs = new ArrayList<>();
        for (Message m : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", m.role());
            map.put("content", m.content());
            msgs.add(map);
        }
        Map<String, Object> context = new HashMap<>();
        context.put("messages", msgs);
        context.put("add_generation_prompt", addGenerationPrompt);
        context.put("bos_token", bosToken);
        context.put("eos_token", eosToken);
        RenderResult result;
        try {
            result = jinjava.renderForResult(source, context);
        } catch (RuntimeException e) {
            Throwable c = e;
            while (c.getCause() != null && !(c instanceof IllegalArgumentException)) {
                c = c.getCause();
            }
            throw new IllegalArgumentException("chat template failed: " + c.getMessage(), e);
        }
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new IllegalArgumentException("chat template error at line " + error.getLineno() + ": " + error.getMessage());
            }
        }
        return result.getOutput();
    }
}
