DROP INDEX "persona_ticks_status_lease_idx";--> statement-breakpoint
DROP INDEX "personas_last_active_idx";--> statement-breakpoint
ALTER TABLE "persona_ticks" ADD COLUMN "slot_ends_at" timestamp with time zone NOT NULL;--> statement-breakpoint
ALTER TABLE "personas" ADD COLUMN "next_due_at" timestamp with time zone DEFAULT '1970-01-01T00:00:00Z' NOT NULL;--> statement-breakpoint
CREATE INDEX "personas_next_due_idx" ON "personas" USING btree ("next_due_at");--> statement-breakpoint
ALTER TABLE "persona_ticks" ADD CONSTRAINT "persona_ticks_attempt_check" CHECK ("persona_ticks"."attempt" >= 1);