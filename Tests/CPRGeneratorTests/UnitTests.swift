import CPRFormat
import Testing

@testable import CPRGenerator

@Suite struct DayTests {
    @Test func convertsCivilDates() {
        #expect(Day(year: 1970, month: 1, day: 1).number == 0)
        #expect(Day(year: 2026, month: 1, day: 5).iso == "2026-01-05")
        #expect(Day(year: 2026, month: 1, day: 5).weekday == 0)  // a Monday
        #expect(Day(year: 2000, month: 2, day: 29).adding(days: 1).iso == "2000-03-01")
        #expect(Day(iso: "2026-02-29") == nil)
        #expect(Day(year: 2026, month: 1, day: 9).nextWeekday.iso == "2026-01-12")
        #expect(Day(year: 2024, month: 2, day: 29).adding(years: 1).iso == "2025-02-28")
        #expect(Day(year: 2026, month: 1, day: 5).stamp(minuteOfDay: 13 * 60 + 7) == "202601051307")
        #expect(Day(year: 1990, month: 6, day: 15).years(until: Day(year: 2026, month: 6, day: 14)) == 35)
    }
}

@Suite struct PNRAllocatorTests {
    @Test func numbersAreUniqueAndEncodeBirthDateAndSex() throws {
        let allocator = PNRAllocator(seed: 7)
        var seen: Set<PNR> = []
        for (year, month, day) in [(1899, 12, 31), (1936, 5, 5), (1937, 5, 5), (1999, 1, 2), (2000, 3, 3), (2036, 7, 7), (2040, 1, 1)] {
            let birth = Day(year: year, month: month, day: day)
            for i in 0..<200 {
                let sex: Sex = i % 2 == 0 ? .male : .female
                let pnr = allocator.allocate(birth: birth, sex: sex)
                #expect(seen.insert(pnr).inserted)
                #expect(pnr.sex == sex)
                let b = try #require(pnr.birthDate)
                #expect((b.year, b.month, b.day) == (year, month, day))
                #expect(pnr.satisfiesModulus11)
            }
        }
    }

    @Test func someFirstOfJanuaryNumbersFailModulus11() {
        let allocator = PNRAllocator(seed: 7)
        let birth = Day(year: 1985, month: 1, day: 1)
        let numbers = (0..<30).map { _ in allocator.allocate(birth: birth, sex: .female) }
        #expect(Set(numbers).count == 30)
        #expect(numbers.filter { !$0.satisfiesModulus11 }.count == 10)  // every third
        let other = (0..<30).map { _ in allocator.allocate(birth: Day(year: 1985, month: 1, day: 2), sex: .female) }
        #expect(other.allSatisfy { $0.satisfiesModulus11 })
    }

    @Test func aDateCanHoldMoreNumbersThanModulus11Allows() {
        let allocator = PNRAllocator(seed: 1)
        let numbers = (0..<600).map { _ in allocator.allocate(birth: Day(year: 1970, month: 6, day: 1), sex: .male) }
        #expect(Set(numbers).count == 600)
        #expect(numbers.prefix(250).allSatisfy { $0.satisfiesModulus11 })
        #expect(numbers.contains { !$0.satisfiesModulus11 })
    }

    @Test func sameSeedSameNumbers() {
        let a = PNRAllocator(seed: 3), b = PNRAllocator(seed: 3), c = PNRAllocator(seed: 4)
        let day = Day(year: 1980, month: 4, day: 4)
        let x = (0..<20).map { _ in a.allocate(birth: day, sex: .male) }
        #expect(x == (0..<20).map { _ in b.allocate(birth: day, sex: .male) })
        #expect(x != (0..<20).map { _ in c.allocate(birth: day, sex: .male) })
    }
}

@Suite struct NameTests {
    @Test func addressingNameIsLastCommaFirstWithMiddleInitials() {
        #expect(Names.addressing(first: "Anne Marie", middle: "Bach", last: "Østergaard") == "Østergaard,Anne Marie B")
        #expect(Names.addressing(first: "Søren", middle: "", last: "Jensen") == "Jensen,Søren")
        let long = Names.addressing(first: "Christian Valdemar Frederik", middle: "Vestergaard Højgaard", last: "Christiansen")
        #expect(long.count <= 34)
        #expect(long.hasPrefix("Christiansen,Christian"))
    }

    @Test func standardAddressReadsLikeAnEnvelope() {
        var rng = SplitMix64(seed: 1)
        var a = Address.random(&rng, movedIn: Day(year: 2020, month: 1, day: 1))
        a.roadAddressingName = "Vestergade"
        a.houseNumber = "012A"
        a.floor = "2"
        a.door = "th"
        #expect(a.standardAddress == "Vestergade 12A, 2. th")
        a.floor = "st"
        a.door = ""
        #expect(a.standardAddress == "Vestergade 12A, st.")
        a.houseNumber = "7"
        a.floor = ""
        #expect(a.standardAddress == "Vestergade 7")
    }

    @Test func roadCodesAreUniqueWithinAMunicipality() {
        for m in Municipality.all {
            let roads = (0..<Road.count(in: m)).map { Road.road($0, in: m) }
            #expect(Set(roads.map(\.code)).count == roads.count)
            #expect(Set(roads.map(\.name)).count == roads.count)
            #expect(roads.allSatisfy { $0.code < 9900 && $0.addressingName.count <= 20 })
        }
    }
}

@Suite struct RandomTests {
    @Test func streamsAreDeterministicAndIndependent() {
        var a = SplitMix64(42, .block, 1), b = SplitMix64(42, .block, 1), c = SplitMix64(42, .block, 2)
        let x = (0..<10).map { _ in a.next() }
        #expect(x == (0..<10).map { _ in b.next() })
        #expect(x != (0..<10).map { _ in c.next() })
        var r = SplitMix64(seed: 5)
        #expect((0..<1000).allSatisfy { _ in (0..<7).contains(r.below(7)) })
    }
}
