CREATE TABLE "claims" (
	"workspace_id" uuid NOT NULL,
	"hub_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"state" text NOT NULL,
	"claimed_at" timestamp with time zone,
	"skipped_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "collection_hubs" (
	"workspace_id" uuid NOT NULL,
	"collection_id" uuid NOT NULL,
	"hub_id" uuid NOT NULL,
	"hub_access" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "collections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_hubs" ADD CONSTRAINT "collection_hubs_collection_id_collections_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."collections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_hubs" ADD CONSTRAINT "collection_hubs_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "claims_hub_member_key" ON "claims" USING btree ("hub_id","member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "collection_hubs_hub_key" ON "collection_hubs" USING btree ("hub_id");--> statement-breakpoint
CREATE INDEX "collection_hubs_collection_idx" ON "collection_hubs" USING btree ("collection_id");--> statement-breakpoint
CREATE INDEX "collections_workspace_idx" ON "collections" USING btree ("workspace_id");