# One image for every stage: `evalstream produce|generate|score|aggregate|run`.
#   docker build -t evalstream .                 # CPU (the default target, no GPU needed)
#   docker build --target gpu -t evalstream:gpu .  # the generator on an NVIDIA GPU (float16)
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -DskipTests package

# What every image runs: the jar, its libraries and the experiment configs.
FROM scratch AS app
COPY --from=build /src/cli/target/evalstream.jar /app/evalstream.jar
COPY --from=build /src/cli/target/lib /app/lib
COPY experiments /app/experiments

# The GPU image: a CUDA 12.8 runtime, a JRE, and the CUDA 12.8 build of libtorch 2.7.1, the version
# DJL 0.35.1's JNI is built for (pytorch-jni 2.7.1-0.35.1 carries its cu128 JNI). PYTORCH_LIBRARY_PATH
# is DJL's own way to point at an installed libtorch; EvalStream reads its build-version (2.7.1+cu128)
# to pick the matching JNI. Nothing pins the CPU: `device: auto` uses the GPU when the container has one.
FROM nvidia/cuda:12.8.1-runtime-ubuntu24.04 AS gpu
ARG LIBTORCH_URL=https://download.pytorch.org/libtorch/cu128/libtorch-cxx11-abi-shared-with-deps-2.7.1%2Bcu128.zip
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl unzip ca-certificates \
    && curl -fsSL "$LIBTORCH_URL" -o /tmp/libtorch.zip && unzip -q /tmp/libtorch.zip -d /opt && rm /tmp/libtorch.zip \
    && apt-get purge -y curl unzip && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
ENV PYTORCH_LIBRARY_PATH=/opt/libtorch/lib
COPY --from=app /app /app
WORKDIR /app
ENV EVALSTREAM_HOME=/var/lib/evalstream
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-jar", "/app/evalstream.jar"]

# The CPU image (default target: last in the file).
FROM eclipse-temurin:17-jre AS cpu
COPY --from=app /app /app
WORKDIR /app
ENV EVALSTREAM_HOME=/var/lib/evalstream
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-jar", "/app/evalstream.jar"]
