# PixelPool's batch mode in a container, for a Kubernetes Indexed Job (docs/scale-out.md).
# Debian bookworm, built from this source tree with the project's own scripts, without the
# window. Build: docker build -t pixelpool .    Run: docker run --rm pixelpool --batch --help
FROM debian:bookworm
WORKDIR /src
COPY . .
RUN bash scripts/install-deps.sh \
    && bash scripts/build.sh -DPIXELPOOL_BUILD_GUI=OFF \
    && ln -s /src/build/bin/pixelpool /usr/local/bin/pixelpool \
    && rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["pixelpool"]
CMD ["--help"]
