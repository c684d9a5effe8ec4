// Empty Swift file: SwiftPM needs one source for the generator plugin target.
