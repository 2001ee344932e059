package dev.cascade.model.factory;

/** Identifies this tool in the manifests it writes. */
public final class FactoryInfo {
    /** The {@code createdBy} of every manifest the factory writes. */
    public static final String CREATED_BY = "cascade-model-factory 0.1.0";

    private FactoryInfo() {}
}
