-- Road-name search folds case itself. lower() changes only ASCII letters in a database
-- without a locale (LC_CTYPE C, as `cprd demo` and the tests make it), so 'Ørnevej' stayed
-- 'Ørnevej' and no road starting with Æ, Ø or Å could be found. The function folds the
-- Latin-1 capitals CPR's road names use after lower(): the same answer under any locale.
CREATE FUNCTION cprd_fold_case(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT translate(lower($1), 'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ', 'àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþ') $$;

DROP INDEX person_road_name;
CREATE INDEX person_road_name ON person ((cprd_fold_case(road_name)) text_pattern_ops);
