# syntax=docker/dockerfile:1
# amas in a container: `amas up` in server mode on the project mounted at /data.
#   docker build -t amas .
#   docker run --init -v "$PWD:/data" -e AMAS_API_KEY=… -p 127.0.0.1:8000:8000 amas
# See docs/operations.md.

ARG NODE_VERSION=20-bookworm-slim

# ── build: compile TypeScript with the dev dependencies, then keep only production ones ──────
FROM node:${NODE_VERSION} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY schemas ./schemas
COPY bin ./bin
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts \
 && npm cache clean --force

# ── runtime: no compiler, no npm cache, a non-root user ──────────────────────────────────────
FROM node:${NODE_VERSION}
ENV NODE_ENV=production \
    AMAS_DIR=/data
# A fixed uid/gid so that a mounted project can be given to it (chown 10001 or compose `user:`).
RUN groupadd --system --gid 10001 amas \
 && useradd --system --uid 10001 --gid amas --home-dir /data --shell /usr/sbin/nologin amas \
 && mkdir -p /data && chown amas:amas /data
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/schemas ./schemas
COPY --from=build --chown=root:root /app/bin ./bin
RUN chmod 0755 /app/bin/amas && ln -s /app/bin/amas /usr/local/bin/amas

USER amas
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8000

# `amas health` exits 0 healthy, 1 warning, 2 critical or not running. Docker knows only
# 0 = healthy and 1 = unhealthy, so a warning (e.g. CPU above 70 %) keeps the container healthy
# and only critical makes it unhealthy.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD amas health /data > /dev/null; test $? -lt 2

# SIGTERM starts a graceful stop (in-flight steps get runtime.shutdown_grace, default 30 s);
# give `docker stop` more than that: docker stop -t 45.
STOPSIGNAL SIGTERM
ENTRYPOINT ["amas"]
CMD ["up", "/data", "--no-tui", "--http", "0.0.0.0:8000"]
