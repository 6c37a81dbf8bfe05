CREATE TABLE "findings" (
	"key" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"module" text NOT NULL,
	"metric" text NOT NULL,
	"status" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"evidence" jsonb NOT NULL,
	"announced_status" text,
	"announced_at" timestamp with time zone,
	CONSTRAINT "findings_status_check" CHECK ("findings"."status" in ('open', 'resolved')),
	CONSTRAINT "findings_announced_status_check" CHECK ("findings"."announced_status" is null or "findings"."announced_status" in ('open', 'resolved'))
);
--> statement-breakpoint
CREATE TABLE "report_runs" (
	"slot" timestamp with time zone PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"anomalies" integer,
	"opened" integer,
	"resolved" integer,
	"delivery" text,
	"error" text,
	CONSTRAINT "report_runs_delivery_check" CHECK ("report_runs"."delivery" is null or "report_runs"."delivery" in ('none', 'delivered', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "persona_actions" ADD COLUMN "handler_ms" double precision;--> statement-breakpoint
CREATE INDEX "findings_status_last_seen_idx" ON "findings" USING btree ("status","last_seen_at");--> statement-breakpoint
CREATE INDEX "persona_actions_created_idx" ON "persona_actions" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "persona_feedback_created_idx" ON "persona_feedback" USING btree ("created_at");