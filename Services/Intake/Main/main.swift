import IntakeService
import ServiceKit

await ServiceCommand<IntakeService>.main()
