package torch4j.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON that file headers need: parsing to {@code Map} / {@code List} / {@code String} /
 * {@code Long} / {@code Double} / {@code Boolean} / null (objects keep their key order), and string
 * quoting for writing.
 */
final class Json {
    private final String s;
    private int at;

    private Json(String s) {
        this.s = s;
    }

    /** Parses one JSON value that must fill {@code text} (surrounding white space allowed). */
    static Object parse(String text) {
        Json p = new Json(text);
        Object v = p.value();
        p.skipSpace();
        if (p.at != text.length()) throw p.error("unexpected trailing characters");
        return v;
    }

    /** {@code value} as a JSON string literal. */
    static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    private Object value() {
        skipSpace();
        if (at >= s.length()) throw error("unexpected end of input");
        char c = s.charAt(at);
        switch (c) {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw error("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        at++;
        skipSpace();
        if (peek('}')) return m;
        while (true) {
            skipSpace();
            if (at >= s.length() || s.charAt(at) != '"') throw error("expected a string key");
            String key = string();
            skipSpace();
            expect(':');
            if (m.put(key, value()) != null) throw error("duplicate key \"" + key + "\"");
            skipSpace();
            if (peek('}')) return m;
            expect(',');
        }
    }

    private List<Object> array() {
        List<Object> l = new ArrayList<>();
        at++;
        skipSpace();
        if (peek(']')) return l;
        while (true) {
            l.add(value());
            skipSpace();
            if (peek(']')) return l;
            expect(',');
        }
    }

    private String string() {
        at++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (at >= s.length()) throw error("unterminated string");
            char c = s.charAt(at++);
            if (c == '"') return sb.toString();
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (at >= s.length()) throw error("unterminated escape");
            char e = s.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (at + 4 > s.length()) throw error("bad \\u escape");
                    try {
                        sb.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    at += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private Object number() {
        int start = at;
        if (s.charAt(at) == '-') at++;
        boolean fractional = false;
        while (at < s.length()) {
            char c = s.charAt(at);
            if (c >= '0' && c <= '9') at++;
            else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                fractional = true;
                at++;
            } else break;
        }
        String t = s.substring(start, at);
        try {
            return fractional ? (Object) Double.parseDouble(t) : (Object) Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw error("bad number '" + t + "'");
        }
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, at)) throw error("unexpected token");
        at += word.length();
        return v;
    }

    private boolean peek(char c) {
        if (at < s.length() && s.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!peek(c)) throw error("expected '" + c + "'");
    }

    private void skipSpace() {
        while (at < s.length() && Character.isWhitespace(s.charAt(at))) at++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("invalid JSON at character " + at + ": " + what);
    }
}
