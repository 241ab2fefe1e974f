CREATE TABLE "oauth_states" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"app_key" text NOT NULL,
	"hub_id" uuid,
	"hub_member_id" uuid,
	"state_hash" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hub_members" ADD COLUMN "first_card_open_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "hub_members" ADD COLUMN "app_profile" jsonb;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "auto_reinvite_max" integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "assets_on_acceptance" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "oauth_states_hash_key" ON "oauth_states" USING btree ("state_hash");--> statement-breakpoint
CREATE INDEX "oauth_states_workspace_idx" ON "oauth_states" USING btree ("workspace_id");