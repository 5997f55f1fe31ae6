/// Every field of a record as a typed value, in layout order. Driven by
/// `FieldKind`, so it covers every record type of the layout table. For
/// inspection, diffing and tests; hot loops should use `Record`'s accessors.
public struct DecodedRecord: Sendable, Hashable {
    public struct Field: Sendable, Hashable {
        public let spec: FieldSpec
        public let value: FieldValue
        public var name: String { spec.name }
    }

    public let type: RecordType
    /// CPR's record name, e.g. "P12170-001" or "P12170-002B".
    public let layoutName: String
    /// One per field of the layout, RECORDTYPE first.
    public let fields: [Field]

    /// The value of the named field; nil when the layout has no such field.
    public subscript(name: String) -> FieldValue? {
        fields.first { $0.spec.name == name }?.value
    }
}

extension Record {
    /// Decodes every field of the layout.
    public func decoded() -> DecodedRecord {
        let specs = compiled.layout.fields
        return DecodedRecord(
            type: type,
            layoutName: compiled.layout.name,
            fields: specs.indices.map { DecodedRecord.Field(spec: specs[$0], value: value($0)) }
        )
    }
}
