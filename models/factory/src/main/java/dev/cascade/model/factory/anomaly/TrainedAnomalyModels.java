package dev.cascade.model.factory.anomaly;

/**
 * The pair of models the vibration recipe trains.
 *
 * @param edge int8 model for the edge agent ({@code .tflite})
 * @param cloud float model for the cloud workers ({@code .onnx})
 */
public record TrainedAnomalyModels(AnomalyModel edge, AnomalyModel cloud) {}
