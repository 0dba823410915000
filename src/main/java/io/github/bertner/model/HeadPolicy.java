package io.github.bertner.model;

/** How {@link HfCheckpoint#loadWeights} treats the head parameters ({@link HfBlock#headParameterNames()}). */
public enum HeadPolicy {
    /** The checkpoint must contain the head (loading a fine-tuned model). */
    REQUIRE,
    /** Use the head when the checkpoint has it, keep the fresh head otherwise (continued MLM pretraining). */
    LOAD_IF_PRESENT,
    /** Always keep the fresh head and ignore any head in the checkpoint (fine-tuning with a new label set). */
    FRESH
}
