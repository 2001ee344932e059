package dev.cascade.model.factory.model;

/**
 * The two models a recipe trains from the same data.
 *
 * @param edge int8 model for the edge agent ({@code .tflite})
 * @param cloud float model for the cloud workers ({@code .onnx})
 */
public record ModelPair(TrainedModel edge, TrainedModel cloud) {}
