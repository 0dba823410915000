package io.github.bertner.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * An independent, plain-Java, double-precision implementation of HF BertForTokenClassification
 * and the BertForMaskedLM head, written from the HF modeling code's equations. It parses
 * config.json and model.safetensors itself (F32 only) and never touches the classes under test.
 */
final class ReferenceBert {
    private final Map<String, double[]> w = new HashMap<>();
    private final int hidden;
    private final int layers;
    private final int heads;
    private final double eps;
    private final String act;

    ReferenceBert(Path dir) throws IOException {
        JsonObject cfg = JsonParser.parseString(Files.readString(dir.resolve("config.json"))).getAsJsonObject();
        hidden = cfg.get("hidden_size").getAsInt();
        layers = cfg.get("num_hidden_layers").getAsInt();
        heads = cfg.get("num_attention_heads").getAsInt();
        eps = cfg.get("layer_norm_eps").getAsDouble();
        act = cfg.get("hidden_act").getAsString();
        byte[] all = Files.readAllBytes(dir.resolve("model.safetensors"));
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) bb.getLong(0);
        JsonObject header = JsonParser.parseString(new String(all, 8, n, StandardCharsets.UTF_8)).getAsJsonObject();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonObject t = e.getValue().getAsJsonObject();
            if (!t.get("dtype").getAsString().equals("F32")) {
                throw new IllegalStateException("reference reads F32 only: " + e.getKey());
            }
            int b = t.get("data_offsets").getAsJsonArray().get(0).getAsInt();
            int end = t.get("data_offsets").getAsJsonArray().get(1).getAsInt();
            double[] v = new double[(end - b) / 4];
            for (int i = 0; i < v.length; i++) {
                v[i] = bb.getFloat(8 + n + b + 4 * i);
            }
            w.put(e.getKey(), v);
        }
    }

    private double[] p(String name) {
        double[] v = w.get(name);
        if (v == null) {
            throw new IllegalStateException("reference: missing " + name);
        }
        return v;
    }

    /** Sequence output (S,H) for one unpadded sequence. */
    double[][] encode(int[] ids, int[] types) {
        int s = ids.length;
        double[] we = p("bert.embeddings.word_embeddings.weight");
        double[] pe = p("bert.embeddings.position_embeddings.weight");
        double[] te = p("bert.embeddings.token_type_embeddings.weight");
        double[][] x = new double[s][hidden];
        for (int t = 0; t < s; t++) {
            for (int k = 0; k < hidden; k++) {
                x[t][k] = we[ids[t] * hidden + k] + pe[t * hidden + k] + te[types[t] * hidden + k];
            }
        }
        x = layerNorm(x, "bert.embeddings.LayerNorm");
        for (int l = 0; l < layers; l++) {
            x = layer(x, "bert.encoder.layer." + l + ".");
        }
        return x;
    }

    private double[][] layer(double[][] x, String pre) {
        int s = x.length;
        int hs = hidden / heads;
        double[][] q = dense(x, pre + "attention.self.query");
        double[][] k = dense(x, pre + "attention.self.key");
        double[][] v = dense(x, pre + "attention.self.value");
        double[][] ctx = new double[s][hidden];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < s; i++) {
                double[] sc = new double[s];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < s; j++) {
                    double d = 0;
                    for (int c = 0; c < hs; c++) {
                        d += q[i][h * hs + c] * k[j][h * hs + c];
                    }
                    sc[j] = d / Math.sqrt(hs);
                    max = Math.max(max, sc[j]);
                }
                double sum = 0;
                for (int j = 0; j < s; j++) {
                    sc[j] = Math.exp(sc[j] - max);
                    sum += sc[j];
                }
                for (int j = 0; j < s; j++) {
                    for (int c = 0; c < hs; c++) {
                        ctx[i][h * hs + c] += sc[j] / sum * v[j][h * hs + c];
                    }
                }
            }
        }
        double[][] a = add(dense(ctx, pre + "attention.output.dense"), x);
        a = layerNorm(a, pre + "attention.output.LayerNorm");
        double[][] inter = dense(a, pre + "intermediate.dense");
        for (double[] row : inter) {
            for (int c = 0; c < row.length; c++) {
                row[c] = activation(row[c]);
            }
        }
        double[][] o = add(dense(inter, pre + "output.dense"), a);
        return layerNorm(o, pre + "output.LayerNorm");
    }

    /** Token-classification logits (S,C). */
    double[][] tokenLogits(int[] ids, int[] types) {
        return dense(encode(ids, types), "classifier");
    }

    /** Masked-LM logits (S,V) with the decoder tied to the word embeddings. */
    double[][] mlmLogits(int[] ids, int[] types) {
        double[][] t = dense(encode(ids, types), "cls.predictions.transform.dense");
        for (double[] row : t) {
            for (int c = 0; c < row.length; c++) {
                row[c] = activation(row[c]);
            }
        }
        t = layerNorm(t, "cls.predictions.transform.LayerNorm");
        return matTimesTransposed(t, p("bert.embeddings.word_embeddings.weight"), p("cls.predictions.bias"));
    }

    private double activation(double x) {
        switch (act) {
            case "gelu":
                return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
            case "gelu_new":
            case "gelu_pytorch_tanh":
                return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            case "relu":
                return Math.max(0, x);
            default:
                throw new IllegalStateException(act);
        }
    }

    /** erf by its Maclaurin series (|x| < 3) or the continued fraction of erfc; error below 1e-12. */
    static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 3) {
            double term = ax;
            double sum = ax;
            for (int n = 1; n < 200; n++) {
                term *= -ax * ax / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17) {
                    break;
                }
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double f = 0;
            for (int n = 60; n >= 1; n--) {
                f = n / 2.0 / (ax + f);
            }
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
        }
        return x < 0 ? -r : r;
    }

    private double[][] dense(double[][] x, String name) {
        return matTimesTransposed(x, p(name + ".weight"), p(name + ".bias"));
    }

    private static double[][] matTimesTransposed(double[][] x, double[] weight, double[] bias) {
        int in = x[0].length;
        int out = bias.length;
        double[][] y = new double[x.length][out];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < out; o++) {
                double d = bias[o];
                for (int i = 0; i < in; i++) {
                    d += x[t][i] * weight[o * in + i];
                }
                y[t][o] = d;
            }
        }
        return y;
    }

    private static double[][] add(double[][] a, double[][] b) {
        for (int t = 0; t < a.length; t++) {
            for (int k = 0; k < a[t].length; k++) {
                a[t][k] += b[t][k];
            }
        }
        return a;
    }

    private double[][] layerNorm(double[][] x, String name) {
        double[] g = p(name + ".weight");
        double[] b = p(name + ".bias");
        double[][] y = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            double mean = 0;
            for (double v : x[t]) {
                mean += v;
            }
            mean /= x[t].length;
            double var = 0;
            for (double v : x[t]) {
                var += (v - mean) * (v - mean);
            }
            var /= x[t].length;
            y[t] = new double[x[t].length];
            for (int k = 0; k < x[t].length; k++) {
                y[t][k] = (x[t][k] - mean) / Math.sqrt(var + eps) * g[k] + b[k];
            }
        }
        return y;
    }
}
