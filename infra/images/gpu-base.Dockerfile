# The base of the -gpu images (mvn -Pimages,gpu): CUDA 12 + cuDNN runtime for ONNX Runtime's CUDA provider, and a
# Java 17 runtime in /opt/java (Jib's entrypoint runs java from PATH), user 10001. Build and push it once, anywhere
# with a container builder and registry access, then build the images on it by digest:
#   docker buildx build -f infra/images/gpu-base.Dockerfile -t REGISTRY/cascade-base-gpu:12.4.1 --push .
#   mvn -B -Pimages,gpu -pl cli -am verify -Dcascade.image.base=REGISTRY/cascade-base-gpu@sha256:<digest it printed>
# CUDA_BASE's default is cli/pom.xml's cascade.image.base.cuda (GpuImageTest keeps them equal); pin JRE by digest too.
# Not built here (no registry or container builder on the build machines).
ARG CUDA_BASE=nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04@sha256:2fcc4280646484290cc50dce5e65f388dd04352b07cbe89a635703bd1f9aedb6
ARG JRE=eclipse-temurin:17-jre-jammy
FROM ${JRE} AS jre
FROM ${CUDA_BASE}
COPY --from=jre /opt/java/openjdk /opt/java
ENV JAVA_HOME=/opt/java PATH=/opt/java/bin:/usr/local/nvidia/bin:/usr/local/cuda/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
USER 10001:10001
