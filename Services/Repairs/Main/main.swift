import RepairsService
import ServiceKit

await ServiceCommand<RepairsService>.main()
