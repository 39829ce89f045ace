import InterleaveCore

extension PartialOrderSearch {
    /// Runs the search's next schedule on `source`, a fresh run of any producer that answers
    /// choices (the simulator; a real process under control): the search's listed answers, then
    /// its own answer at each new choice, to the end or to a choice where every option sleeps.
    /// `each` sees every event as it comes. Ends the schedule in the search and returns whether it
    /// was stopped as redundant, with the driver (its answers and its source, as the run left them).
    mutating func run<Source: EventSource>(_ source: Source, program: Program,
                                           each: (Event) -> Void) -> (redundant: Bool, driver: Driver<Source>) {
        begin()
        var driver = Driver(source, answers: prefix)
        var execution = Execution(program: program)
        var buffer: [Event] = []
        var redundant = false
        running: while true {
            // Past the listed answers every choice comes back here: the search decides after it
            // has seen every event before the choice.
            let status = driver.run(RunLimit(maxEvents: 512), into: &buffer)
            for index in buffer.indices {
                observe(buffer[index], step: execution.record(buffer[index]))
                each(buffer[index])
            }
            buffer.removeAll(keepingCapacity: true)
            switch status {
            case .finished, .ended:
                break running
            case .awaitingChoice(let request):
                guard let answer = choose(request.options), (try? driver.answer(answer)) != nil else {
                    redundant = true
                    break running
                }
            case .budgetExhausted, .reachedTime, .choiceMade:
                continue
            }
        }
        end(execution, redundant: redundant)
        return (redundant, driver)
    }
}
