# PixelPool's batch mode in a container, for a Kubernetes Indexed Job (docs/scale-out.md).
# Two stages from the same Debian bookworm base: the first builds the Debian package from this
# tree without the window (scripts/install-deps.sh, scripts/build.sh, cpack), the second installs
# that .deb with apt, so its Depends (made by dpkg-shlibdeps) decide the libraries, and nothing of
# the build is left in the image.
#   docker build -t pixelpool .
#   docker run --rm pixelpool --version
# BASE: any Debian bookworm image, e.g. one made with debootstrap where Docker Hub is out of reach
# (scripts/container-test.sh, docs/scale-out.md).
ARG BASE=debian:bookworm

FROM ${BASE} AS build
WORKDIR /src
# The dependencies first, on their own, so that a change to the sources does not reinstall them
# (install-deps.sh includes `file`, which CPack's DEB generator needs and a minimal Debian lacks).
COPY scripts/install-deps.sh scripts/
RUN bash scripts/install-deps.sh
COPY . .
# No tests (the image runs none) and no window (--batch never loads Qt Widgets; the package then
# holds no pixelpool-desktop and does not depend on Qt Widgets).
RUN bash scripts/build.sh -DPIXELPOOL_BUILD_GUI=OFF -DPIXELPOOL_BUILD_TESTS=OFF \
    && cpack --config build/CPackConfig.cmake -B build/package \
    && mv build/package/pixelpool_*.deb /pixelpool.deb

FROM ${BASE}
COPY --from=build /pixelpool.deb /tmp/pixelpool.deb
# A fixed uid, so that a Kubernetes securityContext (deploy/kubernetes/pixelpool-job.yaml) and the
# owner of files on a shared volume can name it.
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/pixelpool.deb </dev/null \
    && rm -rf /var/lib/apt/lists/* /tmp/pixelpool.deb \
    && useradd --uid 10001 --user-group --create-home --shell /usr/sbin/nologin pixelpool \
    && mkdir /data && chown pixelpool:pixelpool /data
ENV LANG=C.UTF-8
USER 10001:10001
# Inputs, outputs, listings and reports live on a volume mounted here.
WORKDIR /data
ENTRYPOINT ["pixelpool"]
CMD ["--help"]
