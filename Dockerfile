# One image for the three services (docs/deploy.md): `docker run IMAGE auth | mcp | runner`.
# .ci/run runs the same build command and starts a built service with NODE_ENV=production (Docker itself is not in CI).

# Build stage: every dependency (npm ci's `prepare` builds the dashboard), then the services bundled to JavaScript.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm run build

# Runtime stage: production dependencies only (no tsx, TypeScript, Vite or test tools); the sources stay for their
# data files, which the built code reads from the same folders (prompts, phrase banks, persona catalogue, migrations).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080
COPY . .
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/dashboard/dist ./apps/dashboard/dist
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "dist/healthcheck.js"]
ENTRYPOINT ["node", "scripts/launch.mjs"]
CMD ["auth"]
