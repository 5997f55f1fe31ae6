/// Danish-looking names, invented combinations only. The lists are Latin-1 on
/// purpose: æ ø å Æ Ø Å é ü all occur, as in real CPR files.
enum Names {
    static let maleFirst = [
        "Peter", "Jens", "Lars", "Michael", "Henrik", "Søren", "Thomas", "Jørgen", "Niels", "Martin",
        "Anders", "Christian", "Hans", "Jan", "Morten", "Rasmus", "Mads", "Jesper", "Kasper", "Frederik",
        "Mikkel", "Bjørn", "Kåre", "René", "André", "Ole", "Poul", "Erik", "Torben", "Steen",
        "Carsten", "Bent", "Finn", "Knud", "Emil", "Oliver", "William", "Noah", "Lucas", "Oscar",
        "Villads", "Malthe", "Aksel", "Asger", "Ebbe", "Kjeld", "Flemming", "Svend", "Gustav", "Magnus",
        "Alfred", "Valdemar", "Jørn", "Øjvind", "Åge",
    ]
    static let femaleFirst = [
        "Anne", "Kirsten", "Hanne", "Mette", "Anna", "Helle", "Susanne", "Lene", "Maria", "Marianne",
        "Lone", "Camilla", "Pia", "Louise", "Charlotte", "Bente", "Inge", "Karen", "Tina", "Birgitte",
        "Else", "Ida", "Emma", "Sofie", "Freja", "Clara", "Alma", "Ella", "Agnes", "Karla",
        "Astrid", "Åse", "Dorthe", "Jytte", "Gitte", "Lærke", "Signe", "Mathilde", "Frida", "Renée",
        "Bodil", "Grethe", "Ellen", "Ingrid", "Solveig", "Tove", "Kirstine", "Øllegaard",
    ]
    static let middle = [
        "Juul", "Bach", "Skov", "Krogh", "Holm", "Dahl", "Bech", "Lund", "Kjær", "Vestergaard",
        "Højgaard", "Damgaard", "Munk", "Brink", "Friis", "Lykke", "Bonde", "Nørgaard", "Søgaard", "Ravn",
        "Gram", "Møller", "Toft", "Winther", "Bak", "Bjerre", "Storm", "Thorup", "Ærbøl", "Østergård",
    ]
    static let last = [
        "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
        "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen",
        "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen", "Mikkelsen", "Frederiksen",
        "Laursen", "Henriksen", "Lund", "Schmidt", "Eriksen", "Holm", "Kristiansen", "Clausen",
        "Simonsen", "Svendsen", "Andreasen", "Iversen", "Østergaard", "Jeppesen", "Mogensen", "Vestergaard",
        "Nissen", "Lauridsen", "Kjær", "Jepsen", "Mathiasen", "Søndergaard", "Dalgaard", "Bøgh",
        "Åberg", "Ågesen", "Ærbøl", "Ørum", "Bækgaard", "Brødsgaard", "Kjærgaard", "Hjørnholm",
    ]
    /// Names of persons who immigrated: first names by sex, and last names.
    static let foreignMale = ["Ahmed", "Mohammad", "Ali", "Piotr", "Mateusz", "Lukas", "Jürgen", "Luca", "Arjun", "Omar"]
    static let foreignFemale = ["Fatima", "Aisha", "Maryam", "Katarzyna", "Sofia", "Giulia", "Anja", "Priya", "Leila", "Zofia"]
    static let foreignLast = ["Kowalski", "Nowak", "Hussein", "Rahimi", "Yilmaz", "Khan", "Rossi", "Müller", "Kaya", "Novak", "Sharma", "Haddad"]

    static func first(_ rng: inout SplitMix64, male: Bool) -> String {
        let list = male ? maleFirst : femaleFirst
        let name = rng.pick(list)
        // About one in four carries two first names ("Anne Marie").
        if rng.percent(25) {
            let second = rng.pick(list)
            if second != name { return name + " " + second }
        }
        return name
    }

    /// ADRNVN as CPR forms it: "Efternavn,Fornavn M" — middle names as initials, and
    /// further first names abbreviated too if the result is longer than 34 characters.
    static func addressing(first: String, middle: String, last: String) -> String {
        var result = last + "," + first
        for word in middle.split(separator: " ") { result += " " + String(word.prefix(1)) }
        // Latin-1 names: one scalar per character, cheaper to count than characters.
        if result.unicodeScalars.count <= 34 { return result }
        let givens = first.split(separator: " ").map(String.init)
        var parts = givens + middle.split(separator: " ").map { String($0.prefix(1)) }
        var i = givens.count - 1
        while i >= 1 {
            parts[i] = String(parts[i].prefix(1))
            result = last + "," + parts.joined(separator: " ")
            if result.unicodeScalars.count <= 34 { return result }
            i -= 1
        }
        return String(String.UnicodeScalarView(result.unicodeScalars.prefix(34)))
    }
}
