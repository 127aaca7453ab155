# One image for both processes: `node dist/src/main.js` (API + web app) or `node dist/src/worker.js` (jobs).
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Everything the build reads must be in place before `npm ci`: its `prepare` script builds.
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY migrations ./migrations
COPY test/bench ./test/bench
COPY test/support ./test/support
COPY web ./web
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY package.json ./
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
