CREATE TABLE "persona_tick_records" (
	"tick_id" text PRIMARY KEY NOT NULL,
	"persona_id" text NOT NULL,
	"version" integer NOT NULL,
	"record" jsonb NOT NULL,
	"bytes" integer NOT NULL,
	"truncated" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "persona_actions" ADD COLUMN "called_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
UPDATE "persona_actions" SET "called_at" = "created_at";--> statement-breakpoint
ALTER TABLE "persona_tick_records" ADD CONSTRAINT "persona_tick_records_tick_id_persona_ticks_id_fk" FOREIGN KEY ("tick_id") REFERENCES "public"."persona_ticks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persona_tick_records" ADD CONSTRAINT "persona_tick_records_persona_id_personas_user_id_fk" FOREIGN KEY ("persona_id") REFERENCES "public"."personas"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "persona_tick_records_created_idx" ON "persona_tick_records" USING btree ("created_at");