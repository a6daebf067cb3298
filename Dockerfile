# syntax=docker/dockerfile:1
# Meshscope container image: multi-stage, Next.js standalone output, non-root, read-only friendly.
#   docker build -t meshscope:0.1.0 .                                  # served at /
#   docker build --build-arg BASE_PATH=/meshscope -t meshscope:0.1.0 . # served under /meshscope (build time only)
# The runtime stage writes nothing outside /tmp: run it with a read-only root filesystem (deploy/kubernetes/base).

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM ${NODE_IMAGE} AS build
WORKDIR /src
ARG BASE_PATH=
ENV BASE_PATH=${BASE_PATH} NEXT_TELEMETRY_DISABLED=1 NODE_ENV=production
COPY --from=deps /src/node_modules ./node_modules
COPY . .
# next build, the static files and public/ beside server.js, and the worker bundles in workers/ (scripts/build.sh).
RUN bash scripts/build.sh

FROM ${NODE_IMAGE} AS runtime
ARG BASE_PATH=
# BASE_PATH is baked into the build; the server also reads it (session cookie path, health check URL).
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=20001 HOSTNAME=0.0.0.0 BASE_PATH=${BASE_PATH}
WORKDIR /app
# Owned by root and not writable by the server's user: the app never writes its own files.
COPY --from=build /src/.next/standalone ./
# A numeric, non-root user (Kubernetes' runAsNonRoot can check a number, not a name).
USER 10001:10001
EXPOSE 20001
# Liveness for plain `docker run` (Kubernetes uses the probes in deploy/kubernetes/base/02-deployment.yaml).
HEALTHCHECK --interval=30s --timeout=3s CMD ["node", "-e", "fetch('http://localhost:'+process.env.PORT+(process.env.BASE_PATH||'')+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
