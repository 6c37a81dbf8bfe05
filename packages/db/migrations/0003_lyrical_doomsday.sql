DROP INDEX "notes_search_idx";--> statement-breakpoint
ALTER TABLE "notes" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || body)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "notes_search_idx" ON "notes" USING gin ("search") WITH (fastupdate=false);