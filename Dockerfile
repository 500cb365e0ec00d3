# One image for every stage: `evalstream produce|generate|score|aggregate|run`.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/cli/target/evalstream.jar /app/evalstream.jar
COPY --from=build /src/cli/target/lib /app/lib
COPY experiments /app/experiments
ENV EVALSTREAM_HOME=/var/lib/evalstream
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-jar", "/app/evalstream.jar"]
