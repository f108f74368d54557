-- The DDL SQLModel.metadata.create_all emitted on PostgreSQL at commit 5935bf0
-- (mailbot before migrations), compiled from mailbot/store/tables.py as it was then.

CREATE TABLE cursor (
	key VARCHAR NOT NULL, 
	uid INTEGER NOT NULL, 
	PRIMARY KEY (key)
);

CREATE TABLE inbox (
	id SERIAL NOT NULL, 
	source_key TEXT NOT NULL, 
	source VARCHAR NOT NULL, 
	mailbox VARCHAR, 
	uidvalidity INTEGER, 
	uid INTEGER, 
	arrived_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	stored_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	size INTEGER NOT NULL, 
	truncated BOOLEAN NOT NULL, 
	raw BYTEA NOT NULL, 
	message_id VARCHAR, 
	sender VARCHAR, 
	subject VARCHAR, 
	state VARCHAR NOT NULL, 
	outcome VARCHAR, 
	reason VARCHAR, 
	understood TEXT, 
	processed_at TIMESTAMP WITHOUT TIME ZONE, 
	PRIMARY KEY (id), 
	UNIQUE (source_key)
);

CREATE INDEX ix_inbox_message_id ON inbox (message_id);

CREATE INDEX ix_inbox_pending ON inbox (state, arrived_at, id);

CREATE INDEX ix_inbox_sender ON inbox (sender);

CREATE TABLE registration (
	id SERIAL NOT NULL, 
	event_id VARCHAR NOT NULL, 
	email VARCHAR NOT NULL, 
	contact_name VARCHAR, 
	name VARCHAR, 
	organisation VARCHAR, 
	attendees VARCHAR NOT NULL, 
	seats INTEGER NOT NULL, 
	status VARCHAR NOT NULL, 
	reason VARCHAR, 
	language VARCHAR NOT NULL, 
	inbox_id INTEGER, 
	arrived_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(inbox_id) REFERENCES inbox (id)
);

CREATE INDEX ix_registration_event_email ON registration (event_id, email);

CREATE INDEX ix_registration_event_id ON registration (event_id);

CREATE TABLE outgoing (
	id SERIAL NOT NULL, 
	message_id TEXT NOT NULL, 
	inbox_id INTEGER, 
	registration_id INTEGER, 
	kind VARCHAR NOT NULL, 
	recipient VARCHAR NOT NULL, 
	raw BYTEA NOT NULL, 
	state VARCHAR NOT NULL, 
	claimed_by VARCHAR, 
	claimed_at TIMESTAMP WITHOUT TIME ZONE, 
	attempts INTEGER NOT NULL, 
	next_attempt_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	last_error VARCHAR, 
	created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	sent_at TIMESTAMP WITHOUT TIME ZONE, 
	PRIMARY KEY (id), 
	UNIQUE (message_id), 
	FOREIGN KEY(inbox_id) REFERENCES inbox (id), 
	FOREIGN KEY(registration_id) REFERENCES registration (id)
);

CREATE INDEX ix_outgoing_due ON outgoing (state, next_attempt_at);

CREATE INDEX ix_outgoing_recipient ON outgoing (recipient, created_at);

CREATE TABLE place (
	id SERIAL NOT NULL, 
	registration_id INTEGER NOT NULL, 
	event_id VARCHAR NOT NULL, 
	unit VARCHAR NOT NULL, 
	seats INTEGER NOT NULL, 
	status VARCHAR NOT NULL, 
	arrived_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	seq INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (registration_id, unit), 
	FOREIGN KEY(registration_id) REFERENCES registration (id)
);

CREATE INDEX ix_place_unit ON place (event_id, unit, status);
