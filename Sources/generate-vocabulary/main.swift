import Foundation

// Writes the Swift code that derives from Vocabulary.events (the EventVocabulary build plugin runs it).
// Usage: generate-vocabulary VOCABULARY OUTPUT

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: generate-vocabulary VOCABULARY OUTPUT\n".utf8))
    exit(2)
}
do {
    let text = try String(contentsOf: URL(fileURLWithPath: arguments[1]), encoding: .utf8)
    let vocabulary = try VocabularyReader(text: text)
    var emitter = Emitter(version: vocabulary.version, declarations: vocabulary.declarations)
    emitter.emit()
    try Data(emitter.out.utf8).write(to: URL(fileURLWithPath: arguments[2]), options: .atomic)
} catch {
    // In the form compilers use, so the build shows it at the declaration.
    let place = error is VocabularyReader.Problem ? "" : " error: "
    FileHandle.standardError.write(Data("\(arguments[1]):\(place)\(error)\n".utf8))
    exit(1)
}
