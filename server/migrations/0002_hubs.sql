CREATE TABLE "hub_app_roles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"hub_id" uuid NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"group" text DEFAULT 'primary' NOT NULL,
	"model" text NOT NULL,
	"rank" integer,
	"is_default" boolean DEFAULT false NOT NULL,
	"assignable" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_assets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"hub_id" uuid NOT NULL,
	"type" text NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"permissions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"supports_partial" boolean DEFAULT false NOT NULL,
	"last_seen_at" timestamp with time zone,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hub_members" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"hub_id" uuid NOT NULL,
	"member_id" uuid,
	"external_user_id" text,
	"external_email" text NOT NULL,
	"external_email_normalized" text NOT NULL,
	"external_username" text,
	"is_app_guest" boolean DEFAULT false NOT NULL,
	"state" text NOT NULL,
	"exempt_reason" text,
	"observed" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"desired" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"invite" jsonb,
	"removed_by" text,
	"connected_account_id" uuid,
	"last_job_id" uuid,
	"state_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hubs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"label" text NOT NULL,
	"app_key" text NOT NULL,
	"business_id" text,
	"connect_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"login_method" text NOT NULL,
	"request_to_save" boolean DEFAULT true NOT NULL,
	"service_credential_id" uuid,
	"health" text NOT NULL,
	"health_reason" jsonb,
	"last_synced_at" timestamp with time zone,
	"syncing" boolean DEFAULT false NOT NULL,
	"sync_safeguard_pct" integer DEFAULT 20 NOT NULL,
	"daily_sync" boolean DEFAULT true NOT NULL,
	"halted_sync" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "hub_access" jsonb;--> statement-breakpoint
ALTER TABLE "hub_app_roles" ADD CONSTRAINT "hub_app_roles_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_assets" ADD CONSTRAINT "hub_assets_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_members" ADD CONSTRAINT "hub_members_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "hub_app_roles_key" ON "hub_app_roles" USING btree ("hub_id","group","key");--> statement-breakpoint
CREATE UNIQUE INDEX "hub_assets_external_key" ON "hub_assets" USING btree ("hub_id","type","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hub_members_member_key" ON "hub_members" USING btree ("hub_id","member_id") WHERE member_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "hub_members_email_key" ON "hub_members" USING btree ("hub_id","external_email_normalized");--> statement-breakpoint
CREATE INDEX "hub_members_state_idx" ON "hub_members" USING btree ("hub_id","state");--> statement-breakpoint
CREATE INDEX "hubs_workspace_idx" ON "hubs" USING btree ("workspace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hubs_service_credential_key" ON "hubs" USING btree ("service_credential_id");