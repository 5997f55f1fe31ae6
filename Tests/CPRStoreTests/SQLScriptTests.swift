import CPRStore
import Testing

@Suite struct SQLScriptTests {
    @Test func splitsAtTopLevelSemicolonsOnly() {
        let script = """
            -- a comment; with a semicolon
            CREATE TABLE a (x text DEFAULT 'semi;colon');
            /* block; comment */
            CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
            SELECT "odd;name" FROM a;
            -- trailing comment only
            """
        let statements = SQLScript.statements(script)
        #expect(statements.count == 3)
        #expect(statements[0].hasSuffix("DEFAULT 'semi;colon')"))
        #expect(statements[1].contains("$body$ SELECT 1; $body$"))
        #expect(statements[2].hasPrefix("SELECT \"odd;name\""))
    }

    @Test func doubledQuotesStayInsideTheString() {
        #expect(SQLScript.statements("SELECT 'it''s; fine'; SELECT 2").count == 2)
    }

    @Test func bundledMigrationsSplitIntoStatements() {
        for migration in Migration.bundled {
            let statements = SQLScript.statements(migration.sql)
            #expect(!statements.isEmpty)
            #expect(statements.allSatisfy { !$0.hasPrefix("--") || $0.contains("\n") })
        }
    }
}
