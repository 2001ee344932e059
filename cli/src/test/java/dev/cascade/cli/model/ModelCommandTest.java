package dev.cascade.cli.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.sim.dataset.SimulatedFactoryData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cascade model ...} on the committed default models and the MLPerf Tiny fixtures. */
class ModelCommandTest {
    static final Path DEFAULTS = repoRoot().resolve("models/default");

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ModelCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            int code = cl.execute(args);
            return new Run(code, captured.toString(java.nio.charset.StandardCharsets.UTF_8) + out, err.toString());
        } finally {
            System.setOut(old);
        }
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("models/default"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("models/default not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path fixture(String name) {
        return repoRoot().resolve("models/testdata/mlperf-tiny").resolve(name);
    }

    @Test
    void verify_defaultModels_loadInTheirRuntimes() {
        Run r = run("verify", DEFAULTS.resolve("vibration-anomaly-edge/1").toString(),
                DEFAULTS.resolve("vibration-anomaly-cloud/1").toString(),
                DEFAULTS.resolve("vibration-anomaly-cloud-fft/1").toString(),
                DEFAULTS.resolve("irrigation-edge/1").toString(), DEFAULTS.resolve("irrigation-cloud/1").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("ok vibration-anomaly-edge@1", "tflite/xnnpack", "ok irrigation-cloud@1",
                "onnxruntime/cpu");
    }

    @Test
    void inspect_thirdPartyTflite_printsOperatorsAndQuantization() {
        Run r = run("inspect", fixture("kws_ref_model.tflite").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("CONV_2D", "DEPTHWISE_CONV_2D", "scale=0.5847029 zeroPoint=83");
    }

    @Test
    void inspect_notAModel_failsNamingTheFile() throws Exception {
        Path f = tmp.resolve("notes.onnx");
        Files.writeString(f, "hello");
        Run r = run("inspect", f.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: " + f + ": neither a TFLite model");
    }

    @Test
    void importSignVerify_thenTamper_isRefused() throws Exception {
        Path reg = tmp.resolve("reg");
        assertThat(run("import", fixture("ad01_int8.tflite").toString(), "--name", "ad01", "--threshold", "11",
                "--sample-rate", "16000", "--out", reg.toString()).code()).isZero();
        assertThat(run("keygen", "--out", tmp.resolve("keys").toString()).code()).isZero();
        Path bundle = reg.resolve("ad01/1");
        assertThat(run("sign", bundle.toString(), "--key", tmp.resolve("keys/signing.key").toString()).code()).isZero();
        Run ok = run("verify", bundle.toString(), "--trust", tmp.resolve("keys/signing.pem").toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("ok ad01@1", "signed by ");
        Path manifest = bundle.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"threshold\" : 11.0", "\"threshold\" : 99.0"));
        Run bad = run("verify", bundle.toString(), "--trust", tmp.resolve("keys/signing.pem").toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("error: " + manifest + ": signature by key", "does not match");
    }

    @Test
    void run_overACsvRecording_printsAScorePerWindow() throws Exception {
        Path csv = tmp.resolve("vib.csv");
        StringBuilder sb = new StringBuilder("accel\n");
        for (int i = 0; i < 3 * 1024; i++) {
            sb.append(String.format(java.util.Locale.ROOT, "%.5f%n", 0.05 * Math.sin(i * 0.023) + 0.01 * Math.cos(i)));
        }
        Files.writeString(csv, sb);
        Run r = run("run", DEFAULTS.resolve("vibration-anomaly-edge/1").toString(), csv.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().filter(l -> l.matches("\\d+,.*,(true|false)"))).hasSize(3);
    }

    @Test
    void run_truncatedRawFile_failsNamingIt() throws Exception {
        Path f = tmp.resolve("vib.f32");
        Files.write(f, new byte[4097]);
        Run r = run("run", DEFAULTS.resolve("vibration-anomaly-edge/1").toString(), f.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: " + f + ": 4097 bytes is not a whole number of float32 values"
                + " (truncated?)" + System.lineSeparator());
    }

    @Test
    void registry_addAndPromote_showInTheList() {
        Path reg = tmp.resolve("reg");
        assertThat(run("add", DEFAULTS.resolve("vibration-anomaly-edge/1").toString(), "--registry", reg.toString())
                .code()).isZero();
        assertThat(run("promote", "vibration-anomaly-edge", "1", "--registry", reg.toString()).code()).isZero();
        Run list = run("list", "--registry", reg.toString());
        assertThat(list.out()).containsPattern("vibration-anomaly-edge\\s+1\\s+anomaly\\s+tflite\\s+\\d+\\s+yes\\s+yes");
    }

    @Test
    void shadow_writesTheShadowFile_andClearRemovesIt() throws Exception {
        Path reg = tmp.resolve("reg");
        assertThat(run("add", DEFAULTS.resolve("vibration-anomaly-edge/1").toString(), "--registry", reg.toString())
                .code()).isZero();

        Run shadow = run("shadow", "vibration-anomaly-edge", "1", "--registry", reg.toString());
        assertThat(shadow.code()).as(shadow.err()).isZero();
        assertThat(shadow.out()).isEqualTo("shadowing vibration-anomaly-edge@1" + System.lineSeparator());
        assertThat(Files.readString(reg.resolve("vibration-anomaly-edge/SHADOW"))).isEqualTo("1\n");

        Run clear = run("shadow", "vibration-anomaly-edge", "--clear", "--registry", reg.toString());
        assertThat(clear.out()).isEqualTo("cleared the shadow version of vibration-anomaly-edge" + System.lineSeparator());
        assertThat(reg.resolve("vibration-anomaly-edge/SHADOW")).doesNotExist();
        Run neither = run("shadow", "vibration-anomaly-edge", "--registry", reg.toString());
        assertThat(neither.code()).isEqualTo(1);
        assertThat(neither.err()).isEqualTo("error: give either a version or --clear, was neither" + System.lineSeparator());
    }

    @Test
    void quantize_defaultCloudModel_givesAnInt8EdgeBundleThatRuns() {
        Path reg = tmp.resolve("reg");
        Run q = run("quantize", DEFAULTS.resolve("vibration-anomaly-cloud/1").toString(), "--sim", "--per-channel",
                "--out", reg.toString());
        assertThat(q.code()).as(q.err()).isZero();
        assertThat(q.out()).contains("vibration-anomaly-cloud-int8@1", "input int8[1, 131]");
        Run v = run("verify", reg.resolve("vibration-anomaly-cloud-int8/1").toString());
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(v.out()).contains("tflite/xnnpack");
    }

    @Test
    void quantize_anInt8Bundle_isRefusedWithTheReason() {
        Run q = run("quantize", DEFAULTS.resolve("vibration-anomaly-edge/1").toString(), "--sim", "--out",
                tmp.resolve("reg").toString());
        assertThat(q.code()).isEqualTo(1);
        assertThat(q.err()).contains("model must be a float .onnx bundle (int8 .tflite files cannot be re-quantised)");
    }

    @Test
    void evalSim_onTheDefaultEdgeModel_reportsAucAndConfusion() {
        Run e = run("eval", DEFAULTS.resolve("vibration-anomaly-edge/1").toString(), "--sim", "--seed", "5");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("ROC AUC:", "decided+", "tflite/xnnpack", "size:         3552 bytes");
    }

    @Test
    void trainVibration_fromRawFloat32Recordings_writesAndEvaluatesBothBundles() throws Exception {
        Path normal = tmp.resolve("healthy.f32");
        Path faulty = tmp.resolve("faulty.f32");
        writeF32(normal, SimulatedFactoryData.normal(4, 40, 11));
        SimulatedFactoryData.Labelled l = SimulatedFactoryData.labelled(1, 1, 5, new double[] {1.0}, 12);
        writeF32(faulty, java.util.Arrays.copyOfRange(l.windows(), 1, l.windows().length));
        Path reg = tmp.resolve("reg");
        Run r = run("train", "vibration", "--data", normal.toString(), "--sample-rate", "8192", "--epochs", "5",
                "--eval-normal", normal.toString(), "--eval-anomalous", faulty.toString(), "--out", reg.toString(),
                "--version", "7");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("vibration-anomaly-edge epoch 5/5", "== model card: vibration-anomaly-edge@7 ==",
                "ROC AUC:", "int8 edge vs its float twin");
        assertThat(reg.resolve("vibration-anomaly-edge/7/model.tflite")).exists();
        assertThat(reg.resolve("vibration-anomaly-cloud/7/model.onnx")).exists();
    }

    @Test
    void trainVibration_withoutSampleRate_saysWhatIsMissing() throws Exception {
        Path normal = tmp.resolve("healthy.f32");
        writeF32(normal, SimulatedFactoryData.normal(1, 30, 11));
        Run r = run("train", "vibration", "--data", normal.toString(), "--out", tmp.resolve("reg").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: --sample-rate is required with --data" + System.lineSeparator());
    }

    private static void writeF32(Path file, float[][] windows) throws Exception {
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(windows.length * windows[0].length * 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float[] w : windows) {
            for (float v : w) {
                bb.putFloat(v);
            }
        }
        Files.write(file, bb.array());
    }
}
