# Kap, one image for every role: `kap serve --role ingest|projections|workers|bot|all`.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production KAP_HOST=0.0.0.0 KAP_DATA_DIR=/data
# git: the agent host's worktrees (hosted sessions); the claude binary comes with npm's @anthropic-ai/claude-code.
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/assets ./web/assets
COPY package.json manifest.yml ./
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 7878
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.KAP_PORT||7878)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["serve"]
