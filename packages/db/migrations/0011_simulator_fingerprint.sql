CREATE TABLE "replay_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"target" text NOT NULL,
	"recording" jsonb NOT NULL,
	"calls" integer NOT NULL,
	"differences" integer NOT NULL,
	"exit_code" integer NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tool_surfaces" (
	"hash" text PRIMARY KEY NOT NULL,
	"tools" jsonb NOT NULL,
	"tool_count" integer NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "persona_ticks" ADD COLUMN "prompt_hash" text;--> statement-breakpoint
ALTER TABLE "persona_ticks" ADD COLUMN "policy_version" text;--> statement-breakpoint
ALTER TABLE "persona_ticks" ADD COLUMN "simulator_key" text;--> statement-breakpoint
ALTER TABLE "persona_ticks" ADD COLUMN "surface_hash" text;--> statement-breakpoint
CREATE INDEX "replay_runs_started_idx" ON "replay_runs" USING btree ("started_at");