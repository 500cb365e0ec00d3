package io.evalstream.aggregator.report;

/**
 * Text inside HTML and SVG, where model replies and questions may hold anything: every character
 * with a meaning in markup is escaped, so a reply can never add an element or a script.
 */
public final class Markup {

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private Markup() {
    }
}
