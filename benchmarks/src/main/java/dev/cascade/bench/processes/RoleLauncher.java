package dev.cascade.bench.processes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start {@code cascade <role> --config FILE} and the Kafka broker as their own JVMs: the java binary, a class
 * path holding the {@code cascade} command and the Kafka server jars, and the JVM options of each child.
 *
 * @param java the java binary
 * @param classPath class path of the children
 * @param mainClass the {@code cascade} command's main class
 * @param jvmOptions options given to every child JVM (heap, GC, system properties)
 * @param home the repository (the example role files are under it)
 */
public record RoleLauncher(Path java, String classPath, String mainClass, List<String> jvmOptions, Path home) {
    /** The heap and GC options of every child JVM unless given otherwise. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms64m", "-Xmx1g", "-Djava.awt.headless=true");

    public RoleLauncher {
        if (java == null) {
            throw new IllegalArgumentException("java must not be null");
        }
        if (classPath == null || classPath.isBlank()) {
            throw new IllegalArgumentException("classPath must not be blank, was " + classPath);
        }
        if (mainClass == null || mainClass.isBlank()) {
            throw new IllegalArgumentException("mainClass must not be blank, was " + mainClass);
        }
        if (home == null) {
            throw new IllegalArgumentException("home must not be null");
        }
        jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * This JVM's java binary, {@code classPath} made absolute (children may run in other folders), with
     * {@link #DEFAULT_JVM_OPTIONS} and this JVM's JavaCPP cache folder.
     */
    public static RoleLauncher ofThisJvm(String classPath, String mainClass, Path home) {
        classPath = dev.cascade.testkit.process.JvmProcess.absoluteClassPath(classPath);
        List<String> opts = new ArrayList<>(DEFAULT_JVM_OPTIONS);
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            opts.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        opts.add("-Dcascade.home=" + home.toAbsolutePath());
        return new RoleLauncher(Path.of(System.getProperty("java.home"), "bin", "java"), classPath, mainClass, opts, home);
    }

    /** {@code java <options> -cp <path> <main> <role> --config <file>}. */
    public List<String> role(String role, Path config) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classPath, mainClass, role, "--config", config.toAbsolutePath().toString()));
        return cmd;
    }

    /** {@code java <options> -cp <path> <main> <args>} for another main class (the Kafka broker and its storage tool). */
    public List<String> main(String main, List<String> extraOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(extraOptions);
        cmd.addAll(List.of("-cp", classPath, main));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
