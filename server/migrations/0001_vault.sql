CREATE TABLE "account_secrets" (
	"workspace_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"field" text NOT NULL,
	"version" integer NOT NULL,
	"ciphertext" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "account_secrets_account_id_field_version_pk" PRIMARY KEY("account_id","field","version")
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"vault_id" uuid NOT NULL,
	"label" text NOT NULL,
	"app_key" text,
	"login_url" text,
	"kind" text NOT NULL,
	"username" text,
	"email" text,
	"phone" text,
	"status" text NOT NULL,
	"password_rules" text,
	"has_password" boolean DEFAULT false NOT NULL,
	"has_totp" boolean DEFAULT false NOT NULL,
	"backup_code_count" integer DEFAULT 0 NOT NULL,
	"last_password_change_at" timestamp with time zone,
	"created_by" uuid,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grants" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"object_type" text NOT NULL,
	"object_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"role" text NOT NULL,
	"origin" text DEFAULT 'share' NOT NULL,
	"expires_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vaults" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "account_secrets" ADD CONSTRAINT "account_secrets_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_vault_id_vaults_id_fk" FOREIGN KEY ("vault_id") REFERENCES "public"."vaults"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounts_workspace_idx" ON "accounts" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "grants_edge_key" ON "grants" USING btree ("object_type","object_id","subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "grants_subject_idx" ON "grants" USING btree ("workspace_id","subject_type","subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vaults_one_default_key" ON "vaults" USING btree ("workspace_id") WHERE is_default;--> statement-breakpoint
CREATE INDEX "vaults_workspace_idx" ON "vaults" USING btree ("workspace_id");