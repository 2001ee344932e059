package dev.cascade.model.factory.nn;

/** The activation after a dense layer. */
public enum Activation {
    /** Identity. */
    NONE,
    /** max(0, x). */
    RELU
}
