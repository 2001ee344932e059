package dev.cascade.model.factory.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a dense network with ReLU hidden layers on mean squared error with Adam. Single-threaded and seeded,
 * so the same data and config give bit-identical weights. Keeps the weights of the epoch with the lowest
 * validation loss when validation data is given.
 */
public final class MlpTrainer {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    private final String modelName;
    private final TrainingConfig config;
    private final ProgressListener listener;

    public MlpTrainer(String modelName, TrainingConfig config, ProgressListener listener) {
        this.modelName = modelName;
        this.config = config;
        this.listener = listener == null ? ProgressListener.NONE : listener;
    }

    /** Trains an autoencoder: targets are the inputs. */
    public Mlp trainAutoencoder(float[][] x, float[][] validation) {
        return train(x, x, validation, validation);
    }

    /**
     * Trains {@code x -> y}; the last layer is linear.
     *
     * @param validationX held-out inputs (may be empty)
     * @param validationY their targets
     */
    public Mlp train(float[][] x, float[][] y, float[][] validationX, float[][] validationY) {
        if (x.length == 0) {
            throw new IllegalArgumentException("training data must not be empty");
        }
        if (y.length != x.length) {
            throw new IllegalArgumentException("targets must be as many as inputs (" + x.length + "), was " + y.length);
        }
        int in = x[0].length;
        int out = y[0].length;
        int[] widths = new int[config.hidden().size() + 2];
        widths[0] = in;
        for (int i = 0; i < config.hidden().size(); i++) {
            widths[i + 1] = config.hidden().get(i);
        }
        widths[widths.length - 1] = out;
        State s = new State(widths, new SplittableRandom(config.seed()));
        SplittableRandom shuffle = new SplittableRandom(config.seed() ^ 0x9E3779B97F4A7C15L);
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        double bestValidation = Double.POSITIVE_INFINITY;
        Mlp best = null;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double lossSum = 0;
            for (int start = 0; start < order.length; start += config.batchSize()) {
                int end = Math.min(order.length, start + config.batchSize());
                s.zeroGradients();
                for (int k = start; k < end; k++) {
                    lossSum += s.accumulate(x[order[k]], y[order[k]]);
                }
                s.adamStep(end - start, (float) config.learningRate(), (float) config.weightDecay());
            }
            double trainLoss = lossSum / order.length;
            Mlp current = s.toMlp();
            double validationLoss = validationX == null || validationX.length == 0 ? Double.NaN
                    : meanLoss(current, validationX, validationY);
            if (!Double.isFinite(trainLoss)) {
                throw new IllegalStateException(modelName + ": training diverged at epoch " + epoch
                        + " (loss " + trainLoss + "); lower the learning rate");
            }
            if (Double.isNaN(validationLoss) || validationLoss < bestValidation) {
                bestValidation = Double.isNaN(validationLoss) ? bestValidation : validationLoss;
                best = current;
            }
            listener.onEpoch(new ProgressListener.EpochProgress(modelName, epoch, config.epochs(), trainLoss,
                    validationLoss));
        }
        return best;
    }

    /** Mean over examples of the per-example mean squared error. */
    public static double meanLoss(Mlp model, float[][] x, float[][] y) {
        double sum = 0;
        float[] out = new float[model.outputSize()];
        for (int i = 0; i < x.length; i++) {
            model.forward(x[i], out);
            double e = 0;
            for (int j = 0; j < out.length; j++) {
                double d = out[j] - y[i][j];
                e += d * d;
            }
            sum += e / out.length;
        }
        return sum / x.length;
    }

    /** Parameters, gradients, Adam moments and scratch activations of one training run. */
    private static final class State {
        final int layers;
        final int[] widths;
        final float[][] w;
        final float[][] b;
        final float[][] gw;
        final float[][] gb;
        final float[][] mw;
        final float[][] vw;
        final float[][] mb;
        final float[][] vb;
        final float[][] act;
        final float[][] delta;
        int step;

        State(int[] widths, SplittableRandom random) {
            this.widths = widths;
            this.layers = widths.length - 1;
            w = new float[layers][];
            b = new float[layers][];
            gw = new float[layers][];
            gb = new float[layers][];
            mw = new float[layers][];
            vw = new float[layers][];
            mb = new float[layers][];
            vb = new float[layers][];
            act = new float[layers + 1][];
            delta = new float[layers + 1][];
            for (int l = 0; l <= layers; l++) {
                act[l] = new float[widths[l]];
                delta[l] = new float[widths[l]];
            }
            for (int l = 0; l < layers; l++) {
                int fanIn = widths[l];
                int fanOut = widths[l + 1];
                w[l] = new float[fanIn * fanOut];
                b[l] = new float[fanOut];
                boolean last = l == layers - 1;
                double limit = last ? Math.sqrt(6.0 / (fanIn + fanOut)) : Math.sqrt(6.0 / fanIn);
                for (int i = 0; i < w[l].length; i++) {
                    w[l][i] = (float) ((random.nextDouble() * 2 - 1) * limit);
                }
                gw[l] = new float[w[l].length];
                gb[l] = new float[fanOut];
                mw[l] = new float[w[l].length];
                vw[l] = new float[w[l].length];
                mb[l] = new float[fanOut];
                vb[l] = new float[fanOut];
            }
        }

        void zeroGradients() {
            for (int l = 0; l < layers; l++) {
                java.util.Arrays.fill(gw[l], 0f);
                java.util.Arrays.fill(gb[l], 0f);
            }
        }

        /** Forward and backward for one example; adds to the gradients; returns its loss. */
        double accumulate(float[] x, float[] y) {
            System.arraycopy(x, 0, act[0], 0, widths[0]);
            for (int l = 0; l < layers; l++) {
                int in = widths[l];
                int out = widths[l + 1];
                float[] wl = w[l];
                float[] a = act[l];
                float[] z = act[l + 1];
                boolean relu = l < layers - 1;
                for (int o = 0; o < out; o++) {
                    float acc = b[l][o];
                    int row = o * in;
                    for (int i = 0; i < in; i++) {
                        acc += wl[row + i] * a[i];
                    }
                    z[o] = relu && acc < 0 ? 0f : acc;
                }
            }
            int outW = widths[layers];
            float[] yHat = act[layers];
            float[] d = delta[layers];
            double loss = 0;
            for (int o = 0; o < outW; o++) {
                float diff = yHat[o] - y[o];
                loss += (double) diff * diff;
                d[o] = 2f * diff / outW;
            }
            for (int l = layers - 1; l >= 0; l--) {
                int in = widths[l];
                int out = widths[l + 1];
                float[] dl = delta[l + 1];
                float[] a = act[l];
                float[] g = gw[l];
                for (int o = 0; o < out; o++) {
                    float dv = dl[o];
                    gb[l][o] += dv;
                    if (dv != 0f) {
                        int row = o * in;
                        for (int i = 0; i < in; i++) {
                            g[row + i] += dv * a[i];
                        }
                    }
                }
                if (l > 0) {
                    float[] dPrev = delta[l];
                    java.util.Arrays.fill(dPrev, 0f);
                    float[] wl = w[l];
                    for (int o = 0; o < out; o++) {
                        float dv = dl[o];
                        if (dv != 0f) {
                            int row = o * in;
                            for (int i = 0; i < in; i++) {
                                dPrev[i] += wl[row + i] * dv;
                            }
                        }
                    }
                    for (int i = 0; i < in; i++) {
                        if (a[i] <= 0f) {
                            dPrev[i] = 0f;
                        }
                    }
                }
            }
            return loss / outW;
        }

        void adamStep(int batch, float lr, float decay) {
            step++;
            float inv = 1f / batch;
            float c1 = (float) (1 - Math.pow(BETA1, step));
            float c2 = (float) (1 - Math.pow(BETA2, step));
            for (int l = 0; l < layers; l++) {
                update(w[l], gw[l], mw[l], vw[l], inv, decay, lr, c1, c2);
                update(b[l], gb[l], mb[l], vb[l], inv, 0f, lr, c1, c2);
            }
        }

        private static void update(float[] p, float[] g, float[] m, float[] v, float inv, float decay, float lr,
                float c1, float c2) {
            for (int i = 0; i < p.length; i++) {
                float grad = g[i] * inv + decay * p[i];
                m[i] = BETA1 * m[i] + (1 - BETA1) * grad;
                v[i] = BETA2 * v[i] + (1 - BETA2) * grad * grad;
                float mHat = m[i] / c1;
                float vHat = v[i] / c2;
                p[i] -= lr * mHat / ((float) Math.sqrt(vHat) + EPS);
            }
        }

        Mlp toMlp() {
            List<DenseLayer> out = new ArrayList<>(layers);
            for (int l = 0; l < layers; l++) {
                out.add(new DenseLayer(widths[l], widths[l + 1], w[l], b[l],
                        l < layers - 1 ? Activation.RELU : Activation.NONE));
            }
            return new Mlp(out);
        }
    }
}
