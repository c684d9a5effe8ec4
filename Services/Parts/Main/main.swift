import PartsService
import ServiceKit

await ServiceCommand<PartsService>.main()
