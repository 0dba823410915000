package io.github.bertner.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Typed reads of JSON object fields with one message style, {@code field 'x': expected an integer, found …}
 * or {@code missing required field 'x'}: the callers (config.json, the {@code bertner} settings) prefix the
 * file. JSON null counts as absent.
 */
public final class JsonFields {

    private JsonFields() {
    }

    /**
     * An integer field that must be present.
     *
     * @param obj   the object
     * @param field the field name
     * @return its value
     * @throws IllegalArgumentException when absent, not a number or not integral
     */
    public static int requiredInt(JsonObject obj, String field) {
        JsonElement e = obj.get(field);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException("missing required field '" + field + "'");
        }
        return optInt(obj, field, 0);
    }

    /**
     * An optional integer field.
     *
     * @param obj   the object
     * @param field the field name
     * @param dflt  the value when absent or null
     * @return its value
     * @throws IllegalArgumentException when present but not an integral number
     */
    public static int optInt(JsonObject obj, String field, int dflt) {
        JsonElement e = obj.get(field);
        if (e == null || e.isJsonNull()) {
            return dflt;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("field '" + field + "': expected an integer, found " + e);
        }
        return integral(field, e.getAsDouble());
    }

    /**
     * Checks that a JSON number is an int.
     *
     * @param field the field name, for the message
     * @param v     the number
     * @return it as an int
     * @throws IllegalArgumentException when it has a fraction or is out of int range
     */
    public static int integral(String field, double v) {
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field '" + field + "': expected an integer, found " + v);
        }
        return (int) v;
    }

    /**
     * An optional number field.
     *
     * @param obj   the object
     * @param field the field name
     * @param dflt  the value when absent or null
     * @return its value
     * @throws IllegalArgumentException when present but not a number
     */
    public static double optDouble(JsonObject obj, String field, double dflt) {
        JsonElement e = obj.get(field);
        if (e == null || e.isJsonNull()) {
            return dflt;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("field '" + field + "': expected a number, found " + e);
        }
        return e.getAsDouble();
    }

    /**
     * An optional string field.
     *
     * @param obj   the object
     * @param field the field name
     * @param dflt  the value when absent or null
     * @return its value
     * @throws IllegalArgumentException when present but not a string
     */
    public static String optString(JsonObject obj, String field, String dflt) {
        JsonElement e = obj.get(field);
        if (e == null || e.isJsonNull()) {
            return dflt;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("field '" + field + "': expected a string, found " + e);
        }
        return e.getAsString();
    }
}
