-- Where the person lived before and after each change (municipality codes, without NULLs;
-- empty when neither had an address), so that an agreement limited to municipalities also
-- learns of persons who moved away, died or were purged: by then the person row no longer
-- places them in the municipality. NULL on rows written before this column.
ALTER TABLE person_change ADD COLUMN municipalities text[];
