# syntax=docker/dockerfile:1.7
# The aiops image: the aiops CLI (scale operator, mcp serve, diagnose, ...) on a Java 17 JRE, run as the non-root
# user 10001. One image for every component: the arguments choose what it runs (see charts/aiops).
#
#   docker build -t ghcr.io/aiops-agents/aiops:0.1.0-SNAPSHOT .
#   docker run --rm ghcr.io/aiops-agents/aiops:0.1.0-SNAPSHOT --version
#
# Without a Docker daemon, Jib builds an equivalent image from Maven: ./mvnw -pl aiops-cli -am package jib:build
# (docs/deploy.md). Base images are pinned to a Temurin release; bump both tags together.

ARG BUILD_IMAGE=eclipse-temurin:17.0.15_6-jdk-noble
ARG RUNTIME_IMAGE=eclipse-temurin:17.0.15_6-jre-noble

# --- build: the shaded CLI jar (aiops-cli/target/aiops-cli-all.jar) ---
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY . .
# the Maven repository is a BuildKit cache: dependencies are downloaded once, not on every source change
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -pl aiops-cli -am package -DskipTests -Djacoco.skip=true \
    && cp aiops-cli/target/aiops-cli-all.jar /aiops.jar

# --- runtime: a JRE and the jar, nothing else ---
FROM ${RUNTIME_IMAGE}
ARG VERSION=0.1.0-SNAPSHOT
LABEL org.opencontainers.image.title="aiops" \
      org.opencontainers.image.description="aiops-agents CLI: scaling operator, MCP server, diagnosis" \
      org.opencontainers.image.version="${VERSION}"
RUN groupadd --system --gid 10001 aiops \
    && useradd --system --uid 10001 --gid 10001 --home-dir /home/aiops --create-home --shell /usr/sbin/nologin aiops
COPY --from=build --chown=root:root --chmod=0644 /aiops.jar /opt/aiops/aiops.jar
ENV HOME=/home/aiops
WORKDIR /home/aiops
USER 10001:10001
# 8080: the operator's /metrics, /healthz, /readyz; 8765: the MCP server's /mcp
EXPOSE 8080 8765
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/aiops/aiops.jar"]
CMD ["--help"]
