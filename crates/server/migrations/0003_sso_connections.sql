-- Each parent's SAML connection to its identity provider: at most one per parent.
--
-- `metadata_xml` is the document the connection was built from, kept so what the IdP published
-- can be shown and re-read; `entity_id`, `sso_url`, `sso_binding` and `name_id_formats_json`
-- are derived from it when it is stored. `certificates_json` is the list of signing
-- certificates (fingerprints, validity, role `active` or `staged`, PEM), always read and
-- written whole.
CREATE TABLE sso_connections (
    parent_id            TEXT PRIMARY KEY REFERENCES parents (id),
    idp                  TEXT NOT NULL
        CHECK (idp IN ('okta', 'entra', 'google', 'onelogin', 'jumpcloud', 'duo', 'saml')),
    metadata_url         TEXT,
    metadata_xml         TEXT,
    entity_id            TEXT NOT NULL,
    sso_url              TEXT NOT NULL,
    sso_binding          TEXT NOT NULL,
    name_id_formats_json TEXT NOT NULL CHECK (json_valid(name_id_formats_json)),
    certificates_json    TEXT NOT NULL CHECK (json_valid(certificates_json)),
    status               TEXT NOT NULL CHECK (status IN ('draft', 'tested', 'active')),
    version              INTEGER NOT NULL CHECK (version >= 1),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    CHECK (metadata_url IS NOT NULL OR metadata_xml IS NOT NULL)
) STRICT;
