-- Indexes behind GET /v1/persons?… so that search stays fast at millions of persons.
-- A full extract recreates every index of `person` on the freshly loaded table, so these
-- need no care from the loader.

-- Name search matches word prefixes of the folded name: `(' ' || search_name) LIKE '% soeren%'`.
-- pg_trgm is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX person_search_name ON person USING gin ((' ' || search_name) gin_trgm_ops);

CREATE INDEX person_birth_date ON person (birth_date);

-- House numbers are written "012A" or "12A": compare without leading zeros, upper case.
CREATE INDEX person_address ON person (municipality_code, road_code, (upper(ltrim(house_number, '0'))));
CREATE INDEX person_postal_code ON person (postal_code);
CREATE INDEX person_road_name ON person ((lower(road_name)) text_pattern_ops);
