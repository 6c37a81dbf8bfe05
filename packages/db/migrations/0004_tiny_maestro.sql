DROP INDEX "personas_next_due_idx";--> statement-breakpoint
CREATE INDEX "personas_next_due_idx" ON "personas" USING btree ("next_due_at","user_id");