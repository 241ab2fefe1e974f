CREATE TABLE "phone_numbers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"e164" text NOT NULL,
	"provider" text NOT NULL,
	"provider_ref" text,
	"voip" boolean DEFAULT false NOT NULL,
	"status" text NOT NULL,
	"account_id" uuid,
	"assigned_at" timestamp with time zone,
	"released_at" timestamp with time zone,
	"quarantine_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_addresses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"address" text NOT NULL,
	"account_id" uuid,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"contact_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"provider_message_id" text NOT NULL,
	"from_address" text NOT NULL,
	"to_address" text NOT NULL,
	"subject_enc" "bytea",
	"body_text_enc" "bytea" NOT NULL,
	"body_html_enc" "bytea",
	"raw_enc" "bytea" NOT NULL,
	"code_enc" "bytea",
	"code_rule" text,
	"code_expires_at" timestamp with time zone,
	"received_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "phone_numbers_e164_key" ON "phone_numbers" USING btree ("e164") WHERE status <> 'retired';--> statement-breakpoint
CREATE UNIQUE INDEX "phone_numbers_account_key" ON "phone_numbers" USING btree ("account_id") WHERE status = 'assigned';--> statement-breakpoint
CREATE INDEX "phone_numbers_pool_idx" ON "phone_numbers" USING btree ("workspace_id","provider","status");--> statement-breakpoint
CREATE UNIQUE INDEX "email_addresses_address_key" ON "email_addresses" USING btree ("address");--> statement-breakpoint
CREATE UNIQUE INDEX "email_addresses_account_key" ON "email_addresses" USING btree ("account_id") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "email_addresses_workspace_idx" ON "email_addresses" USING btree ("workspace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_messages_provider_key" ON "inbox_messages" USING btree ("provider","provider_message_id");--> statement-breakpoint
CREATE INDEX "inbox_messages_account_idx" ON "inbox_messages" USING btree ("workspace_id","account_id","received_at");--> statement-breakpoint
CREATE INDEX "inbox_messages_received_idx" ON "inbox_messages" USING btree ("workspace_id","received_at");