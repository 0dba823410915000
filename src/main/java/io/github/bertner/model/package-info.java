/**
 * BERT on DJL (PyTorch engine), numerically equal to Hugging Face {@code BertForTokenClassification}
 * and {@code BertForMaskedLM}, with HF checkpoint folders as the only on-disk format.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link io.github.bertner.model.BertConfig}: HF {@code config.json} (plus our
 *       {@code "bertner"} settings object), presets tiny/mini/small/base.</li>
 *   <li>Blocks ({@code ai.djl.nn.AbstractBlock}), named and nested like the classes of
 *       transformers' {@code modeling_bert.py}:
 *       {@link io.github.bertner.model.BertForTokenClassification} and
 *       {@link io.github.bertner.model.BertForMaskedLM} hold a {@link io.github.bertner.model.BertModel}
 *       ({@code bert}) = {@link io.github.bertner.model.BertEmbeddings} + {@link io.github.bertner.model.BertEncoder}
 *       ({@code layer.N}: {@link io.github.bertner.model.BertLayer}, post-LayerNorm, =
 *       {@link io.github.bertner.model.BertAttention} ({@link io.github.bertner.model.BertSelfAttention},
 *       {@link io.github.bertner.model.BertSelfOutput}) + {@link io.github.bertner.model.BertIntermediate} +
 *       {@link io.github.bertner.model.BertOutput}); the masked-LM head is
 *       {@link io.github.bertner.model.BertOnlyMLMHead} ({@code cls}) &gt;
 *       {@link io.github.bertner.model.BertLMPredictionHead} ({@code predictions}, decoder tied to the
 *       word embeddings) &gt; {@link io.github.bertner.model.BertPredictionHeadTransform}
 *       ({@code transform}). Every block is an {@link io.github.bertner.model.HfModule}: it declares
 *       local names only, and the HF tensor name of a parameter is the path of names joined with
 *       {@code '.'}, as in PyTorch's {@code named_parameters()}.
 *       Inputs: {@code NDList(input_ids, attention_mask[, token_type_ids])}, each (B,S); any S up
 *       to max_position_embeddings. Dropout runs only when {@code forward(..., training=true)}.</li>
 *   <li>{@link io.github.bertner.model.SafetensorsReader} / {@link io.github.bertner.model.SafetensorsWriter}:
 *       the format in plain Java (F32/F16/BF16/F64 in, F32 out); pickle is never read.</li>
 *   <li>{@link io.github.bertner.model.HfCheckpoint}: HF tensor names to DJL parameters and back.</li>
 *   <li>{@link io.github.bertner.model.BertKeys}: the same HF tensor names as plain strings, for code that
 *       works on tensor maps and files without building the blocks (ONNX import/export, student init);
 *       pinned to the block tree by a test.</li>
 *   <li>{@link io.github.bertner.model.TokenClassifierModel}: the facade for everyone else (int and
 *       float arrays only), and {@link io.github.bertner.model.DeviceSpec}.</li>
 * </ul>
 *
 * <h2>Initialisation (why no shape probing)</h2>
 * Every parameter has its shape fixed from the config at construction and an HF-style initializer
 * (normal(0, initializer_range) seeded per parameter name, zero biases, LayerNorm 1/0, zero pad
 * row). Output shapes are computed, never probed with a dummy forward, so DJL's
 * {@code trainer.initialize(shapes)} works although the inputs are int64 ids (the float32-ones
 * probing pitfall of the toolchain spike does not arise). The facade initializes parameters itself,
 * so {@code trainer.initialize} finds them initialized and only attaches gradients.
 *
 * <h2>Training (for the training package)</h2>
 * <pre>{@code
 * try (TokenClassifierModel m = TokenClassifierModel.fromBase(dir, labels, device, seed);
 *      Trainer trainer = m.djlModel().newTrainer(config)) {
 *     trainer.initialize(new Shape(b, s), new Shape(b, s));
 *     try (NDManager bm = trainer.getManager().newSubManager();          // one scope per batch
 *          GradientCollector gc = trainer.newGradientCollector()) {
 *         NDArray logits = trainer.forward(new NDList(ids, mask)).singletonOrThrow(); // (B,S,C)
 *         gc.backward(maskedLoss(logits, labels, labelMask));
 *     }
 *     trainer.step();
 *     m.save(outDir);                                                     // HF folder
 * }
 * }</pre>
 * A manual loop works the same way with {@code new ParameterStore(bm, false)},
 * {@code m.block().forward(ps, inputs, true)} and {@code optimizer.update(p.getId(), p.getArray(),
 * grad)} over {@link io.github.bertner.model.TokenClassifierModel#parameters()} (HF names; use
 * {@link io.github.bertner.model.HfCheckpoint#isExcludedFromWeightDecay(String)} for AdamW groups).
 * Note that DJL's {@code SoftmaxCrossEntropyLoss} expects (N,C) predictions; reshape (B,S,C) logits
 * or compute the masked loss directly.
 */
package io.github.bertner.model;
