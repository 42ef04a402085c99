package org.observer.analysis;

import java.util.Set;

/**
 * How a field's values are indexed. A <em>text</em> value is analyzed: split into tokens,
 * lowercased, stop words dropped, stemmed. A <em>keyword</em> value is indexed whole, lowercased,
 * so {@code host:web-01} or {@code ip:10.0.0.1} match exactly that value and a range or a prefix
 * applies to the whole value. Fields named in {@code textFields} are always text; any other value
 * is a keyword when it is short ({@code <= keywordMaxLength} characters) and has no whitespace,
 * and text otherwise, so a long free-text value in an unexpected field is still searchable by word.
 *
 * @param textFields       field names whose values are always analyzed as text
 * @param keywordMaxLength longest value (in chars) indexed whole
 */
public record FieldTypes(Set<String> textFields, int keywordMaxLength) {

    public static final FieldTypes DEFAULT = new FieldTypes(Set.of("message", "msg", "log"), 64);

    public FieldTypes {
        textFields = Set.copyOf(textFields);
        if (keywordMaxLength < 1) {
            throw new IllegalArgumentException("keywordMaxLength must be positive: " + keywordMaxLength);
        }
    }

    public boolean isTextField(String name) {
        return textFields.contains(name);
    }

    /** True if this value of this field is indexed whole (as a keyword). */
    public boolean isKeyword(String name, String value) {
        return !textFields.contains(name) && isKeywordValue(value);
    }

    /** {@link #isKeyword(String, String)} of the value whose ASCII bytes are {@code value[from, to)}. */
    public boolean isKeyword(String name, byte[] value, int from, int to) {
        int length = to - from;
        if (length == 0 || length > keywordMaxLength || textFields.contains(name)) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (Character.isWhitespace(value[i])) {
                return false;
            }
        }
        return true;
    }

    /** True if a value of a non-text field would be a keyword: short, non-empty, without whitespace. */
    public boolean isKeywordValue(String value) {
        int length = value.length();
        if (length == 0 || length > keywordMaxLength) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
